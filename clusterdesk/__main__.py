from clusterdesk.cli import main

main()
