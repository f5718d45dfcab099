"""The fuzzing campaign (issue 10): hostile and broken org files through every command of dotchain.

`generate.py` makes the inputs (valid organisations, mutated), `pipeline.py` runs one input through
load → check → map → export → reach → diff with an oracle after each stage, and `run.py` runs many
in worker processes under a time and a memory bound. `README.md` says how to run it.
"""
