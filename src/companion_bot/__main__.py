from companion_bot.cli import run

run()
