"""Train the tracking models: ``python -m corpus.train_tracking`` (train pairs only, seeded)."""
from __future__ import annotations


def main() -> int:
    from classifiers.tracking.train import train

    info = train(seed=0)
    print(f"tracking models trained: {info['addressed_examples']} alignment examples, "
          f"{info['status_examples']} status examples → classifiers/models/tracking_*.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
