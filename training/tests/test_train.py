"""The whole program on a small synthetic dataset: the files it writes, its manifest, seeded reproducibility, errors."""
import copy
import hashlib
import json
import os
import tempfile
import unittest

import numpy as np

from hwgen_training import train
from tests.fixtures import TINY_REQUEST, fake_dataset


def run(arguments):
    return train.main(arguments)


class ProgramTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dataset = fake_dataset()
        cls.request = os.path.join(tempfile.mkdtemp(), "request.json")
        with open(cls.request, "w", encoding="utf-8") as f:
            json.dump(TINY_REQUEST, f)

    def train_once(self, seed=1):
        out = os.path.join(tempfile.mkdtemp(), "out")
        code = run(["--request", self.request, "--out", out, "--epochs", "6", "--seed", str(seed),
                    "--dataset-folder", self.dataset, "--batch-size", "32", "--export-test-set"])
        self.assertEqual(code, 0)
        return out

    def test_writes_what_hwgen_reads(self):
        out = self.train_once()
        conv = np.load(os.path.join(out, "conv1.weights.npy"))
        fc = np.load(os.path.join(out, "fc1.weights.npy"))
        self.assertEqual((conv.shape, fc.shape), ((4, 1, 3, 3), (10, 4 * 7 * 7)))
        self.assertEqual((conv.dtype, fc.dtype), (np.int8, np.int8))
        spikes = np.load(os.path.join(out, "input.npy"))
        self.assertEqual(spikes.shape, (4, 1, 14, 14))
        self.assertTrue(set(np.unique(spikes).tolist()) <= {0, 1})
        inputs = np.load(os.path.join(out, "test-inputs.npy"))
        labels = np.load(os.path.join(out, "test-labels.npy"))
        self.assertEqual((inputs.shape, labels.shape), ((64, 4, 1, 14, 14), (64,)))
        np.testing.assert_array_equal(inputs[0], spikes)
        with open(os.path.join(out, "training.json"), encoding="utf-8") as f:
            manifest = json.load(f)
        self.assertEqual((manifest["seed"], manifest["epochs"], manifest["train_images"]), (1, 6, 256))
        self.assertEqual(sorted(manifest["libraries"]), ["numpy", "python", "torch"])
        evaluation = manifest["pytorch_evaluation"]
        self.assertEqual(evaluation["images"], 64)
        self.assertGreater(evaluation["qnn_accuracy"], 0.3)   # the classes are squares at 10 places: easy
        self.assertEqual([l["layer"] for l in evaluation["layers"]], ["conv1", "fc1"])
        for name, digest in manifest["files"].items():
            with open(os.path.join(out, name), "rb") as f:
                self.assertEqual(hashlib.sha256(f.read()).hexdigest(), digest)

    def test_same_seed_same_weight_bytes_other_seed_other_weights(self):
        def weights(out):
            with open(os.path.join(out, "fc1.weights.npy"), "rb") as f:
                return f.read()
        first, second, other = self.train_once(1), self.train_once(1), self.train_once(2)
        self.assertEqual(weights(first), weights(second))
        self.assertNotEqual(weights(first), weights(other))

    def test_refuses_a_non_empty_folder_and_untrainable_requests(self):
        out = tempfile.mkdtemp()
        open(os.path.join(out, "mine.txt"), "w").close()
        self.assertEqual(run(["--request", self.request, "--out", out, "--dataset-folder", self.dataset]), 2)
        self.assertEqual(os.listdir(out), ["mine.txt"])
        bad = copy.deepcopy(TINY_REQUEST)
        bad["layers"][-1]["outputs"] = 7
        path = os.path.join(tempfile.mkdtemp(), "bad.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(bad, f)
        self.assertEqual(run(["--request", path, "--out", os.path.join(out, "x"), "--dataset-folder", self.dataset]), 2)

    def test_missing_dataset_exits_3(self):
        out = os.path.join(tempfile.mkdtemp(), "out")
        self.assertEqual(run(["--request", self.request, "--out", out, "--dataset-folder", tempfile.mkdtemp()]), 3)


if __name__ == "__main__":
    unittest.main()
