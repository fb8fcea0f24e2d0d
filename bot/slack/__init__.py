"""The Slack interface: a thin bolt app over the answer engine."""
