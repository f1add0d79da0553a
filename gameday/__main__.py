from gameday.cli import run

run()
