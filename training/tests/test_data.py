"""The integer image rules of training/hwgen_training/data.py, against hand-computed values."""
import os
import tempfile
import unittest

import numpy as np

from hwgen_training import data
from tests.fixtures import write_idx


class IdxTests(unittest.TestCase):
    def test_reads_dimensions_and_bytes(self):
        path = os.path.join(tempfile.mkdtemp(), "a.gz")
        write_idx(path, np.arange(6).reshape(2, 3))
        self.assertEqual(data.read_idx(path).tolist(), [[0, 1, 2], [3, 4, 5]])

    def test_refuses_other_magic_and_short_data(self):
        path = os.path.join(tempfile.mkdtemp(), "b.gz")
        import gzip
        with gzip.open(path, "wb") as f:
            f.write(bytes([0, 0, 0x0D, 1, 0, 0, 0, 2, 1, 2]))
        with self.assertRaises(ValueError):
            data.read_idx(path)
        with gzip.open(path, "wb") as f:
            f.write(bytes([0, 0, 0x08, 1, 0, 0, 0, 3, 1, 2]))
        with self.assertRaises(ValueError):
            data.read_idx(path)

    def test_missing_dataset_names_the_package(self):
        with self.assertRaises(data.DatasetMissing) as caught:
            data.load_split("test", tempfile.mkdtemp())
        self.assertIn("dataset-fashion-mnist", str(caught.exception))


class EncodingTests(unittest.TestCase):
    def test_box_factor_is_the_largest_that_fits(self):
        self.assertEqual([data.box_factor(s, s) for s in (28, 14, 9, 8, 7, 1)], [1, 2, 3, 3, 4, 28])
        with self.assertRaises(ValueError):
            data.box_factor(29, 28)

    def test_counts_of_single_pixels(self):
        # T = 4: floor(p * 5 / 256): 0 -> 0, 51 -> 0, 52 -> 1, 128 -> 2, 255 -> 4.
        image = np.zeros((1, 28, 28), dtype=np.uint8)
        image[0, 0, :5] = [0, 51, 52, 128, 255]
        counts = data.pixel_counts(image, 28, 28, 4)
        self.assertEqual(counts.shape, (1, 1, 28, 28))
        self.assertEqual(counts[0, 0, 0, :5].tolist(), [0, 0, 1, 2, 4])

    def test_counts_of_boxes_use_the_centred_crop(self):
        # 8x8 from 28x28: k = 3, crop offset 2; the box of output (0, 0) is pixels 2..4 x 2..4.
        image = np.zeros((1, 28, 28), dtype=np.uint8)
        image[0, 2:5, 2:5] = 200          # box sum 1800: floor(1800 * 5 / 2304) = 3
        image[0, 0:2, :] = 255            # outside the crop: no effect
        counts = data.pixel_counts(image, 8, 8, 4)
        self.assertEqual(counts[0, 0, 0, 0], 3)
        self.assertEqual(int(counts.sum()), 3)

    def test_spikes_spread_each_count_evenly(self):
        counts = np.array([[0, 1, 2, 3, 4]])
        levels = data.spike_levels(counts, 4)
        self.assertEqual(levels.shape, (1, 4, 5))
        self.assertEqual(levels[0].T.tolist(), [[0, 0, 0, 0], [0, 1, 0, 0], [1, 0, 1, 0], [1, 1, 0, 1], [1, 1, 1, 1]])
        np.testing.assert_array_equal(levels.sum(axis=1), counts)

    def test_multilevel_spikes_stay_within_ceil_q_over_t(self):
        counts = np.arange(0, 13).reshape(1, -1)   # L = 3, T = 4: counts up to 12
        levels = data.spike_levels(counts, 4)
        np.testing.assert_array_equal(levels.sum(axis=1), counts)
        self.assertTrue(np.all(levels <= -(-counts // 4)[:, None, :]))


if __name__ == "__main__":
    unittest.main()
