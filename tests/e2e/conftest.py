"""End-to-end fixtures: the real server process over stdio, driven by pytest-lsp."""

from __future__ import annotations

import sys

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

SERVER = [sys.executable, "-m", "automl_job_ls.cli", "serve"]


def accept_registrations(lsp_client: LanguageClient) -> list[types.RegistrationParams]:
    """Answer client/registerCapability as VS Code does (the server registers its file watchers)."""
    seen: list[types.RegistrationParams] = []

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        seen.append(params)

    return seen


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient):
    """A VS Code-like client: snippets, Markdown, UTF-16 positions."""
    lsp_client.registrations = accept_registrations(lsp_client)
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=pytest_lsp.client_capabilities("visual-studio-code"))
    )
    yield lsp_client
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def plain_client(lsp_client: LanguageClient):
    """A minimal client: no snippets, plain text only, no workspace/configuration."""
    lsp_client.registrations = accept_registrations(lsp_client)
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            initialization_options={"automlJob": {"disabledCodes": ["AML106"], "severity": {"AML105": "error"}}},
        )
    )
    yield lsp_client
    await lsp_client.shutdown_session()


WORKSPACE_COMPUTE = "a100-cluster"


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def workspace_client(lsp_client: LanguageClient, tmp_path_factory):
    """A client with a workspace folder whose other job uses `compute: azureml:a100-cluster`."""
    folder = tmp_path_factory.mktemp("workspace")
    (folder / "other-job.yml").write_text(f"type: automl\ncompute: azureml:{WORKSPACE_COMPUTE}\n")
    lsp_client.registrations = accept_registrations(lsp_client)
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=pytest_lsp.client_capabilities("visual-studio-code"),
            workspace_folders=[types.WorkspaceFolder(uri=folder.as_uri(), name="workspace")],
        )
    )
    lsp_client.workspace_folder = folder
    yield lsp_client
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def utf8_client(lsp_client: LanguageClient):
    """A client that prefers UTF-8 positions (as Neovim 0.10+ and Helix can)."""
    capabilities = pytest_lsp.client_capabilities("visual-studio-code")
    capabilities.general.position_encodings = [types.PositionEncodingKind.Utf8, types.PositionEncodingKind.Utf16]
    lsp_client.registrations = accept_registrations(lsp_client)
    result = await lsp_client.initialize_session(types.InitializeParams(capabilities=capabilities))
    lsp_client.negotiated_encoding = result.capabilities.position_encoding
    yield lsp_client
    await lsp_client.shutdown_session()
