"""Shell and package-manager checks (DF4xx): pinning, commands that do not belong in a build, shell options."""
