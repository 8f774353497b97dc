"""Fashion-MNIST as HwGen sees it: IDX files, the integer resize, the pixel-to-count rule and the spike encoder.

Every step is integer arithmetic so that the C# side (HwGen.Train.ImageEncoding) computes the same spikes bit for bit;
docs/training.md states the rules and a test compares both implementations.
"""
import gzip
import os

import numpy as np

# Debian's dataset-fashion-mnist installs the four gzipped IDX files here.
DEBIAN_DATASET_FOLDER = "/usr/share/datasets/fashion-mnist"
DATASET_PACKAGE = "dataset-fashion-mnist"
IMAGE_SIZE = 28
CLASSES = 10
SPLITS = {
    "train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
    "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
}


class DatasetMissing(Exception):
    """The dataset files are not where they should be (the package is not installed)."""


def read_idx(path):
    """One gzipped IDX file (big-endian header: magic 0x0000 0x08 ndim, then the dimensions) as a uint8 array."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    ndim = data[3]
    header = 4 + 4 * ndim
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    count = int(np.prod(dims)) if dims else 0
    if len(data) != header + count:
        raise ValueError(f"{path}: {len(data) - header} data bytes for shape {dims}")
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(dims)


def load_split(split, folder=None):
    """(images [N, 28, 28] uint8, labels [N] uint8) of the 'train' or 'test' split."""
    folder = folder or DEBIAN_DATASET_FOLDER
    images_name, labels_name = SPLITS[split]
    paths = [os.path.join(folder, images_name), os.path.join(folder, labels_name)]
    for path in paths:
        if not os.path.isfile(path):
            raise DatasetMissing(f"{path} not found: install Debian's {DATASET_PACKAGE} package")
    images, labels = read_idx(paths[0]), read_idx(paths[1])
    if images.ndim != 3 or images.shape[1:] != (IMAGE_SIZE, IMAGE_SIZE) or labels.shape != (images.shape[0],):
        raise ValueError(f"{folder}: unexpected {split} shapes {images.shape} and {labels.shape}")
    return images, labels


def box_factor(height, width):
    """The integer box size k of the resize: the largest k with k*H <= 28 and k*W <= 28."""
    k = min(IMAGE_SIZE // height, IMAGE_SIZE // width)
    if k < 1:
        raise ValueError(f"an input of {height}x{width} is larger than the {IMAGE_SIZE}x{IMAGE_SIZE} images")
    return k


def resize_sums(images, height, width):
    """
    Integer resize to H x W: a centred crop of k*H x k*W pixels (offset floor((28 - k*H) / 2)), then the sum of every
    k x k box. Returns int64 sums in 0..255*k*k, shape [N, H, W].
    """
    k = box_factor(height, width)
    top = (IMAGE_SIZE - k * height) // 2
    left = (IMAGE_SIZE - k * width) // 2
    crop = images[:, top:top + k * height, left:left + k * width].astype(np.int64)
    return crop.reshape(-1, height, k, width, k).sum(axis=(2, 4)), k


def pixel_counts(images, height, width, max_count):
    """
    The count each input neuron receives over the T timesteps (the QNN twin's input activation):
    floor(s * (max_count + 1) / (256 * k * k)) for a box sum s, so 0..max_count, shape [N, 1, H, W].
    """
    sums, k = resize_sums(images, height, width)
    counts = (sums * (max_count + 1)) // (256 * k * k)
    return counts.reshape(-1, 1, height, width)


def spike_levels(counts, timesteps):
    """
    Spreads each count q evenly over the timesteps: the level of step t is
    floor((2(t+1)q + T) / 2T) - floor((2tq + T) / 2T), so the levels sum to q and never exceed ceil(q / T).
    Shape [N, T, C, H, W] (uint8) from counts [N, C, H, W].
    """
    q = counts.astype(np.int64)[:, None]
    t = np.arange(timesteps, dtype=np.int64).reshape(1, timesteps, *([1] * (q.ndim - 2)))
    upper = (2 * (t + 1) * q + timesteps) // (2 * timesteps)
    lower = (2 * t * q + timesteps) // (2 * timesteps)
    return (upper - lower).astype(np.uint8)
