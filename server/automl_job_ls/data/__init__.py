"""The data a job points at: its MLTable folders and their JSONL annotations.

Checked offline against what the Azure ML training runtime does with them
(`reference/data-rules.md`): errors where the run fails or crashes, warnings where images or
objects are silently dropped or change meaning, information for what is merely ignored.

- `locations`: which data a job names, and where it is on disk (remote data is never read).
- `mltable`: the MLTable file's rules; `jsonl`: streaming JSON-lines reading;
  `annotations`: the rules of one line; `dataset`: the rules across lines and files.
- `check`: one job's data, end to end, cached; `summary`: what the job file shows about it.
- `mltable_editing`: completion and hover inside MLTable files; `navigation`: document links.
"""
