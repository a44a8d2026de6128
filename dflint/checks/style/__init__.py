"""Metadata and style checks (DF6xx): WORKDIR, EXPOSE, labels, instruction form and order."""
