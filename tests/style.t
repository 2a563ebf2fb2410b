#!/usr/bin/env bash
# The C style rules (tests/lib/style.sh) as part of make check.
exec "$(dirname "$0")/lib/style.sh"
