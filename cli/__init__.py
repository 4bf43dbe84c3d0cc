"""The ``screening`` subcommands that never drive Dagster: decisions, snapshots, the demo,
decision workbooks and annexes. They read the published warehouse and write the decision store
through the domain (``screening/``); ``pipelines/cli.py`` registers them beside the commands
that run the pipeline, so imports run one way: pipelines -> cli -> screening."""
