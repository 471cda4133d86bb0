"""Pure-Python text checks: tone, crisis signals and identifying details."""
