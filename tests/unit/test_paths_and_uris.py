"""URIs and paths, including Windows forms, tested with pure path logic on any platform."""

from __future__ import annotations

from pathlib import PurePosixPath, PureWindowsPath

import pytest
from pygls import uris

from automl_job_ls.settings import parse_settings


def _settings(*globs: str):
    settings, problems = parse_settings({"jobGlobs": list(globs)})
    assert problems == []
    return settings


@pytest.mark.parametrize(
    "uri,path",
    [
        ("file:///c%3A/Users/Me/My%20Jobs/train-1.yml", "c:/Users/Me/My Jobs/train-1.yml"),
        ("file:///C:/Users/Me/train-1.yml", "c:/Users/Me/train-1.yml"),
        ("file:///home/me/caf%C3%A9/train-1.yml", "/home/me/café/train-1.yml"),
        ("file://fileserver/share/jobs/train-1.yml", "//fileserver/share/jobs/train-1.yml"),
    ],
)
def test_pygls_turns_client_uris_into_paths(uri: str, path: str):
    # On Windows pygls also turns the slashes into backslashes; PureWindowsPath reads both.
    assert uris.to_fs_path(uri) == path


def test_windows_drive_paths_match_folder_relative_globs_case_insensitively():
    folder = PureWindowsPath(uris.to_fs_path("file:///c%3A/Users/Me/Project"))
    job = PureWindowsPath(uris.to_fs_path("file:///c%3A/Users/Me/Project/Jobs/Train-1.yml"))
    assert _settings("jobs/*.yml").is_job_file(job, [folder])
    assert _settings("**/train-*.yml").is_job_file(job, [folder])
    assert _settings("jobs\\*.yml").is_job_file(job, [folder])  # a Windows user may write a backslash
    assert _settings("C:\\Users\\Me\\Project/jobs/*.yml").is_job_file(job, [folder])  # an absolute glob, as a user may write it
    assert not _settings("other/*.yml").is_job_file(job, [folder])


def test_unc_paths_match_globs():
    share = PureWindowsPath("//fileserver/share")
    job = PureWindowsPath("//fileserver/share/jobs/train-1.yml")
    assert _settings("jobs/*.yml").is_job_file(job, [share])
    assert not _settings("jobs/*.yml").is_job_file(job, [PureWindowsPath("//otherserver/share")])


def test_posix_paths_are_case_sensitive_and_match_by_name_or_folder():
    folder = PurePosixPath("/home/me/my jobs")
    job = PurePosixPath("/home/me/my jobs/jobs/train-1.yml")
    assert _settings("jobs/*.yml").is_job_file(job, [folder])
    assert _settings("train-*.yml").is_job_file(job)
    assert not _settings("Train-*.yml").is_job_file(job, [folder])
    assert not _settings("jobs/*.yml").is_job_file(job)  # relative globs need the folder
    assert not _settings().is_job_file(job, [folder])


def test_links_and_uris_round_trip_through_pygls():
    assert uris.from_fs_path("/home/me/my jobs/café.yml") == "file:///home/me/my%20jobs/caf%C3%A9.yml"
    assert uris.to_fs_path(uris.from_fs_path("/home/me/my jobs/café.yml")) == "/home/me/my jobs/café.yml"
