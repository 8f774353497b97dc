#!/usr/bin/python3
"""Entry point: trains an HwGen spec's network on Fashion-MNIST and exports it (see hwgen_training/train.py)."""
import sys

from hwgen_training.train import main

if __name__ == "__main__":
    sys.exit(main())
