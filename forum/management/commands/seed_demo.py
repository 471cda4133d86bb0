import time

from django.core.management.base import BaseCommand, CommandError

from forum.demo.seed import seed as seed_database
from forum.demo.seed import seed_extras
from forum.pagecache import bump_content_version


class Command(BaseCommand):
    help = "Fill the database with realistic demo stories, replies and reactions (reproducible)."

    def add_arguments(self, parser):
        parser.add_argument("--stories", type=int, default=60)
        parser.add_argument("--replies", type=int, default=None, help="default: 3 per story")
        parser.add_argument("--reactions", type=int, default=None, help="default: 2 per reply")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--readers", type=int, default=300, help="demo accounts that reply")
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="processes rendering Markdown (most demo paragraphs need no parser, so one "
            "is as fast as two on a busy machine)",
        )
        parser.add_argument(
            "--no-queue",
            action="store_true",
            help="leave out the moderation demo (pending, flagged and appealed posts)",
        )

    def handle(
        self, *args, stories, replies, reactions, seed: int, readers, workers, no_queue, **options
    ):
        replies = stories * 3 if replies is None else replies
        reactions = replies * 2 if reactions is None else reactions
        if min(stories, replies, reactions, readers) < 0 or stories > 1_000_000:
            raise CommandError("Counts must be between 0 and 1,000,000.")
        started = time.perf_counter()
        report = seed_database(
            stories=stories,
            replies=replies,
            reactions=reactions,
            seed=seed,
            readers=readers,
            workers=workers,
        )
        if not no_queue:
            seed_extras(seed=seed, log=self.stdout.write)
        bump_content_version()  # cached pages predate the new rows
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {report.stories} stories, {report.replies} replies and "
                f"{report.reactions} reactions ({report.readers} demo readers) in {elapsed:.1f} s."
            )
        )
        for step, seconds in report.timings.items():
            self.stdout.write(f"  {step}: {seconds:.1f} s")
