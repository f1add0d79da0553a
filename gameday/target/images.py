"""Building the service images compose names, cached by a content hash.

compose would rebuild (or trust a stale tag); gameday hashes what goes into each image (build
context, Dockerfile, build args, the base image's id) and stores it as an image label, so a warm
``up`` builds nothing and an edited Dockerfile always rebuilds.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gameday.errors import TargetError
from gameday.records import record
from gameday.target.baseimage import Progress, build_lock

if TYPE_CHECKING:
    from docker import DockerClient

LABEL_CONTENT_HASH = "gameday.content-hash"
_SKIP_DIRS = {"__pycache__", ".git", ".pytest_cache"}


@record
class ImageBuild:
    service: str
    image: str
    context: Path
    dockerfile: str
    args: tuple[tuple[str, str], ...]


def plans(config: Mapping[str, Any]) -> list[ImageBuild]:
    """The images a resolved compose model (``compose config`` output) asks to build."""
    out = []
    for name, svc in (config.get("services") or {}).items():
        build = svc.get("build")
        image = svc.get("image")
        if not build or not image:
            continue
        if isinstance(build, str):
            build = {"context": build}
        raw_args = build.get("args") or {}
        if isinstance(raw_args, list):
            raw_args = dict(a.split("=", 1) for a in raw_args if "=" in a)
        args = tuple(sorted((str(k), str(v)) for k, v in raw_args.items() if v is not None))
        out.append(
            ImageBuild(
                service=name,
                image=image,
                context=Path(build["context"]),
                dockerfile=build.get("dockerfile", "Dockerfile"),
                args=args,
            )
        )
    return out


def expand(plan: ImageBuild, markers: Mapping[str, Sequence[str]]) -> list[ImageBuild]:
    """One plan per version for a plan whose image/args mention a version marker."""
    for marker, versions in markers.items():
        if marker in plan.image or any(marker in v for _, v in plan.args):
            return [
                ImageBuild(
                    plan.service,
                    plan.image.replace(marker, version),
                    plan.context,
                    plan.dockerfile,
                    tuple((k, v.replace(marker, version)) for k, v in plan.args),
                )
                for version in versions
            ]
    return [plan]


def context_digest(context: Path) -> str:
    """sha256 over every file's relative path, mode and content, in a stable order."""
    h = hashlib.sha256()
    for root, dirs, files in os.walk(context):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
        for name in sorted(files):
            if name.endswith(".pyc"):
                continue
            path = Path(root) / name
            rel = path.relative_to(context).as_posix()
            h.update(f"{rel}\0{path.stat().st_mode & 0o111}\0".encode())
            h.update(path.read_bytes())
            h.update(b"\0")
    return h.hexdigest()


def content_hash(plan: ImageBuild, base_id: str) -> str:
    h = hashlib.sha256()
    h.update(context_digest(plan.context).encode())
    h.update(plan.dockerfile.encode())
    for k, v in plan.args:
        h.update(f"\0{k}={v}".encode())
    h.update(f"\0base={base_id}".encode())
    return h.hexdigest()[:16]


def _base_id(client: DockerClient, plan: ImageBuild) -> str:
    import docker.errors

    base = dict(plan.args).get("BASE_IMAGE", "")
    if not base:
        return ""
    try:
        return str(client.images.get(base).id)
    except docker.errors.ImageNotFound:
        return base


def up_to_date(client: DockerClient, plan: ImageBuild) -> tuple[bool, str]:
    import docker.errors

    wanted = content_hash(plan, _base_id(client, plan))
    try:
        image = client.images.get(plan.image)
    except docker.errors.ImageNotFound:
        return False, wanted
    return (image.labels or {}).get(LABEL_CONTENT_HASH) == wanted, wanted


def version_of(image: str) -> str:
    """The tag of an image reference (``gameday-shop-api:v2`` -> ``v2``)."""
    last = image.rsplit("/", 1)[-1]
    return last.rsplit(":", 1)[1] if ":" in last else "latest"


_STEP = re.compile(r"^Step \d+/\d+ : ")


def ensure_image(client: DockerClient, plan: ImageBuild, progress: Progress) -> bool:
    """Build ``plan.image`` unless an image with the same content hash exists; True if built.

    An image built earlier from the same content (the tag since moved to other content: two
    checkouts of the target on one engine, such as git worktrees) is tagged again instead of
    rebuilt, in milliseconds; so the replaced image is kept, not removed."""
    fresh, wanted = up_to_date(client, plan)
    if fresh:
        return False
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", plan.image)
    with build_lock(f"image-{safe}"):
        fresh, wanted = up_to_date(client, plan)
        if fresh or _retag(client, plan, wanted):
            return False
        _stream_build(client, plan, wanted, progress)
    return True


def _retag(client: DockerClient, plan: ImageBuild, wanted: str) -> bool:
    """Point ``plan.image`` at an existing image of this service with the wanted content."""
    labels = [f"{LABEL_CONTENT_HASH}={wanted}", f"gameday.service={plan.service}"]
    for image in client.images.list(filters={"label": labels}):
        if (image.labels or {}).get("gameday.version") == version_of(plan.image):
            tag = version_of(plan.image)
            repo = plan.image[: -len(tag) - 1] if plan.image.endswith(f":{tag}") else plan.image
            return bool(image.tag(repo, tag))
    return False


def _stream_build(client: DockerClient, plan: ImageBuild, wanted: str, progress: Progress) -> None:
    import docker.errors

    step = "(before the first step)"
    step_output: list[str] = []
    progress(f"building {plan.image}")
    try:
        stream = client.api.build(
            path=str(plan.context),
            dockerfile=plan.dockerfile,
            tag=plan.image,
            buildargs=dict(plan.args),
            labels={
                LABEL_CONTENT_HASH: wanted,
                "gameday.service": plan.service,
                "gameday.version": version_of(plan.image),
            },
            rm=True,
            forcerm=True,
            # benchmarks measure a real cold build without deleting anyone's layer cache
            nocache=os.environ.get("GAMEDAY_BUILD_NOCACHE") == "1",
            decode=True,
        )
        for chunk in stream:
            if "error" in chunk:
                detail = chunk.get("errorDetail", {}).get("message") or chunk["error"]
                raise TargetError(
                    f"building {plan.image} failed at {step}\n"
                    + "\n".join(step_output[-20:])
                    + f"\n{detail.strip()}"
                )
            text = chunk.get("stream", "")
            for line in text.splitlines():
                if _STEP.match(line):
                    step, step_output = line, []
                    progress(f"{plan.service}: {line[:100]}")
                elif line.strip():
                    step_output.append(line)
    except docker.errors.APIError as exc:
        raise TargetError(f"building {plan.image} failed: {exc.explanation or exc}") from None
