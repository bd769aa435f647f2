from naervaer.cli import main

main()
