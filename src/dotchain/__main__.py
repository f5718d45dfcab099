from dotchain.program import main

main()
