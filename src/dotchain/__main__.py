from dotchain.cli import main

main()
