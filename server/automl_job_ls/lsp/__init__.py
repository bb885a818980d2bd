"""The language server process: the only package that knows pygls and lsprotocol.

`server` registers every feature and converts at the boundary; `protocol` holds pygls's extension
points; `framing`, `scheduling`, `editor_text` and `codegen_cache` are what the protocol needs to
stay exact, responsive and quick to start; `data_checks` runs the data checks off the message loop.
"""
