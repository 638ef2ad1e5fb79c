"""mathforml: the build and test tooling of the course site. Start at plugin.py."""

# Seconds one example, figure block or lab cell may run before it fails, naming its file and
# line. Generous: the slowest block of the course takes a few seconds on a 2-core machine.
TIME_LIMIT = 120
