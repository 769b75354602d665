"""专项行动: campaigns saved and managed in the platform, their case lists, money recovered and figures."""
