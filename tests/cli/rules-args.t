# A fixture's args file: CRLF line ends are read as LF (a boolean
# "yes\r" was refused), a line starting with # is a comment, and a #
# after = is part of the value (it was documented as starting a comment
# but kept; now the man page says what the code does).

$ trailsift rules test --rules "$TS_SRC/tests/data/rules/argsfile" argsfile.label
PASS argsfile.label (1 finding)
1 passed, 0 failed, 0 skipped
