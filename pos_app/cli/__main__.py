"""`python -m pos_app.cli`: the `pos` command."""

from pos_app.cli import main

main()
