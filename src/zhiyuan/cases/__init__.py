"""The case registry: disputes (案) and the cases (件) they spawn, links, lifecycles, node log, import."""
