"""The catalogue's pages: agency teams, support instruments, training programmes, calls
for projects (public lists and pages) and the service provider directory."""
