"""Figure extractors for CAR-T retreatment articles, registered with `evidence.registry`."""
