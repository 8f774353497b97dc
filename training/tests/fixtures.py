"""Small synthetic Fashion-MNIST folders (gzipped IDX files) so the tests need neither the dataset nor much time."""
import gzip
import os
import tempfile

import numpy as np


def write_idx(path, array):
    """A gzipped IDX file of unsigned bytes: magic 0x00 0x00 0x08 ndim, big-endian dimensions, then the data."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(int(d).to_bytes(4, "big") for d in array.shape)
    with gzip.open(path, "wb") as f:
        f.write(header + array.tobytes())


def fake_dataset(train=256, test=64, seed=0):
    """A folder of the four IDX files: each class is a bright 7x7 square at its own place, with noise."""
    folder = tempfile.mkdtemp(prefix="hwgen-fake-fashion-")
    rng = np.random.default_rng(seed)
    for split, count, images_name, labels_name in (
            ("train", train, "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
            ("test", test, "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")):
        labels = rng.integers(0, 10, size=count).astype(np.uint8)
        images = rng.integers(0, 60, size=(count, 28, 28)).astype(np.uint8)
        for i, label in enumerate(labels):
            y, x = 3 + 7 * (label // 4), 3 + 7 * (label % 4)
            images[i, y:y + 7, x:x + 7] = 250
        write_idx(os.path.join(folder, images_name), images)
        write_idx(os.path.join(folder, labels_name), labels)
    return folder


TINY_REQUEST = {
    "format": "hwgen-training-request-1",
    "name": "tiny",
    "input": {"channels": 1, "height": 14, "width": 14},
    "neuron": {"model": "snn", "timesteps": 4, "levels": 1, "threshold": 64, "leak_shift": 0, "weight_bits": 8},
    "twin": {"activation_bits": 3},
    "layers": [
        {"name": "conv1", "type": "conv2d", "out_channels": 4, "kernel": 3, "stride": 2, "padding": 1},
        {"name": "fc1", "type": "fc", "outputs": 10},
    ],
}
