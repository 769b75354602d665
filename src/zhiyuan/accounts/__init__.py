"""Users, roles and permissions, trial/enforcement separation, court scoping, authentication policy."""
