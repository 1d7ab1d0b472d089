"""The `policy` command line: parses arguments and formats output, nothing else."""
