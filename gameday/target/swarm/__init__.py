"""The swarm engine: a target deployed as a Docker Swarm stack (see ``engine``).

``stackfile`` generates the stack file from the target's compose file and its swarm overlay,
``stack`` deploys and removes it, ``rollout`` does rolling updates and rollbacks, ``views``
folds services and tasks into convergence decisions, ``mode`` asks whether the engine is a
swarm manager, ``cli`` drives the docker CLI.
"""
