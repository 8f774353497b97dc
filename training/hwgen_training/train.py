"""Trains an HwGen spec's network on Fashion-MNIST and exports what HwGen reads (docs/training.md).

    python3 training/hwgen_train.py --request request.json --out DIR [--epochs N] [--seed S]

The request (written by `hwgen train`, or by hand) describes the spec's network; DIR receives one
`<layer>.weights.npy` per layer, `input.npy` (test image 0 as spikes), optionally the encoded test set, and
`training.json` with the seed, the settings, the library versions and the accuracies PyTorch measured.
"""
import argparse
import hashlib
import json
import math
import os
import platform
import sys
import time

import numpy as np
import torch

from . import data, export
from .network import Spec, TwinNetwork, run_qnn, run_snn

FORMAT = "hwgen-training-1"


class TrainingError(Exception):
    """A request HwGen's trainer cannot follow; the message says why."""


def check_request(spec):
    """The network must map Fashion-MNIST images onto 10 classes."""
    if spec.model not in ("snn", "multilevel"):
        raise TrainingError(f"neuron.model is '{spec.model}': training needs a spiking spec (snn or multilevel) and its twin")
    if spec.channels != 1:
        raise TrainingError(f"workload.input.channels is {spec.channels}: Fashion-MNIST images have 1 channel")
    data.box_factor(spec.height, spec.width)
    last = spec.layers[-1]
    outputs = last["outputs"] if last["type"] == "fc" else None
    if outputs != data.CLASSES:
        raise TrainingError(f"the last layer '{last['name']}' must be an fc layer with {data.CLASSES} outputs, one per class")


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def encode(spec, images):
    """(counts [N, 1, H, W], spikes [N, T, 1, H, W]) as float32 tensors."""
    counts = data.pixel_counts(images, spec.height, spec.width, spec.max_count)
    spikes = data.spike_levels(counts, spec.timesteps)
    return torch.from_numpy(counts.astype(np.float32)), torch.from_numpy(spikes.astype(np.float32))


@torch.no_grad()
def initialise_steps(network, counts):
    """Sets each layer's step alpha so that 99.5 % of a batch's hidden drives fall below 2^b_a levels."""
    a = counts
    amax = network.spec.max_activation
    for i, layer in enumerate(network.layers):
        z = layer.drive(a) / network.theta
        last = i == len(network.layers) - 1
        target = 8.0 if last else amax + 1.0
        spread = torch.quantile(z.abs().flatten()[:200000], 0.995).item()
        if spread > 0:
            layer.log_alpha += math.log(spread / target)
        z = layer.drive(a) / network.theta
        a = torch.clamp(torch.floor(z), 0, amax)


def train(spec, args, log):
    torch.manual_seed(args.seed)
    np.random.seed(args.seed % (2 ** 32))
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(args.threads)

    images, labels = data.load_split("train", args.dataset_folder)
    if args.train_images:
        images, labels = images[:args.train_images], labels[:args.train_images]
    counts, spikes = encode(spec, images)
    targets = torch.from_numpy(labels.astype(np.int64))
    args.trained_images = len(labels)

    network = TwinNetwork(spec)
    initialise_steps(network, counts[:1024])
    optimiser = torch.optim.Adam(network.parameters(), lr=args.lr)
    steps_per_epoch = math.ceil(len(targets) / args.batch_size)
    total = steps_per_epoch * args.epochs
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda s: 0.5 * (1 + math.cos(math.pi * min(s, total) / total)))
    generator = torch.Generator().manual_seed(args.seed)
    history = []
    for epoch in range(args.epochs):
        started = time.time()
        order = torch.randperm(len(targets), generator=generator)
        losses = []
        for b in range(steps_per_epoch):
            index = order[b * args.batch_size:(b + 1) * args.batch_size]
            loss = torch.nn.functional.cross_entropy(network.qnn_logits(counts[index]), targets[index])
            if args.snn_loss_weight > 0:
                snn = torch.nn.functional.cross_entropy(network.snn_logits(spikes[index]), targets[index])
                loss = loss + args.snn_loss_weight * snn
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            losses.append(loss.item())
        history.append({"epoch": epoch + 1, "loss": float(np.mean(losses)), "seconds": round(time.time() - started, 2)})
        log(f"epoch {epoch + 1}/{args.epochs}: loss {history[-1]['loss']:.4f} ({history[-1]['seconds']} s)")
    return network, history


def evaluate(network, weights, spec, images, labels, batch=1000):
    """PyTorch's integer evaluation of both twins (no saturation): accuracies, agreement and per-layer rates."""
    qnn_right = snn_right = agree = 0
    spikes_per_layer = np.zeros(len(network.layers))
    nonzero_per_layer = np.zeros(len(network.layers))
    for start in range(0, len(labels), batch):
        counts, spikes = encode(spec, images[start:start + batch])
        target = torch.from_numpy(labels[start:start + batch].astype(np.int64))
        acc, activations = run_qnn(network, weights, counts)
        score, levels = run_snn(network, weights, spikes)
        # argmax takes the first maximum, as HwGen's golden model does.
        q, s = acc.argmax(1), score.argmax(1)
        qnn_right += int((q == target).sum())
        snn_right += int((s == target).sum())
        agree += int((q == s).sum())
        for i in range(len(network.layers)):
            spikes_per_layer[i] += float((levels[i] > 0).sum())
            nonzero_per_layer[i] += float((activations[i] > 0).sum())
    n = len(labels)
    rates = []
    for i, layer in enumerate(network.layers):
        neurons = int(np.prod(layer.out_shape))
        rates.append({
            "layer": layer.name,
            "spike_rate": spikes_per_layer[i] / (n * neurons * spec.timesteps),
            "qnn_sparsity": 1 - nonzero_per_layer[i] / (n * neurons),
        })
    return {"images": n, "qnn_accuracy": qnn_right / n, "snn_accuracy": snn_right / n, "prediction_agreement": agree / n,
            "layers": rates}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="hwgen_train", description=__doc__.split("\n")[0])
    parser.add_argument("--request", required=True, help="training request JSON (the spec's network)")
    parser.add_argument("--out", required=True, help="folder to write the .npy files and training.json into (created; must be empty)")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--train-images", type=int, default=0, help="train on the first N training images only (0: all 60,000)")
    parser.add_argument("--test-images", type=int, default=0, help="evaluate on the first N test images only (0: all 10,000)")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--snn-loss-weight", type=float, default=1.0, help="weight of the SNN's loss beside the QNN twin's (0: QNN only)")
    parser.add_argument("--threads", type=int, default=1, help="PyTorch CPU threads (results can depend on it)")
    parser.add_argument("--dataset-folder", default=None, help=f"folder of the IDX files (default {data.DEBIAN_DATASET_FOLDER})")
    parser.add_argument("--export-test-set", action="store_true", help="also write test-inputs.npy [N, T, C, H, W] and test-labels.npy")
    args = parser.parse_args(argv)

    # hwgen train reads progress lines with its tools' progress prefix from stderr.
    prefix = "hwgen-progress " if os.environ.get("HWGEN_TRAINING_PROGRESS") == "1" else ""

    def log(message):
        print(prefix + message, file=sys.stderr, flush=True)

    try:
        with open(args.request, encoding="utf-8") as f:
            spec = Spec(json.load(f))
        check_request(spec)
        if args.epochs < 1 or args.batch_size < 1 or args.threads < 1:
            raise TrainingError("--epochs, --batch-size and --threads must be at least 1")
        if os.path.exists(args.out) and os.listdir(args.out):
            raise TrainingError(f"{args.out} is not empty")
        os.makedirs(args.out, exist_ok=True)
        started = time.time()
        network, history = train(spec, args, log)
        seconds = time.time() - started
        weights = network.integer_weights()
        files = {}
        for layer, w in zip(network.layers, weights):
            values = w.numpy()
            export.check_weights(values, spec.weight_bits)
            name = f"{layer.name}.weights.npy"
            export.save_integers(os.path.join(args.out, name), values)
            files[name] = sha256(os.path.join(args.out, name))

        test_images, test_labels = data.load_split("test", args.dataset_folder)
        if args.test_images:
            test_images, test_labels = test_images[:args.test_images], test_labels[:args.test_images]
        _, first = encode(spec, test_images[:1])
        export.save_integers(os.path.join(args.out, "input.npy"), first[0].numpy())
        files["input.npy"] = sha256(os.path.join(args.out, "input.npy"))
        if args.export_test_set:
            counts = data.pixel_counts(test_images, spec.height, spec.width, spec.max_count)
            np.save(os.path.join(args.out, "test-inputs.npy"), data.spike_levels(counts, spec.timesteps))
            np.save(os.path.join(args.out, "test-labels.npy"), test_labels.astype(np.uint8))
            for name in ("test-inputs.npy", "test-labels.npy"):
                files[name] = sha256(os.path.join(args.out, name))
        log("evaluating both twins on the test set")
        evaluation = evaluate(network, weights, spec, test_images, test_labels)

        folder = args.dataset_folder or data.DEBIAN_DATASET_FOLDER
        manifest = {
            "format": FORMAT,
            "spec": spec.name,
            "seed": args.seed,
            "epochs": args.epochs,
            "train_images": args.trained_images,
            "batch_size": args.batch_size,
            "learning_rate": args.lr,
            "snn_loss_weight": args.snn_loss_weight,
            "threads": args.threads,
            "training_seconds": round(seconds, 1),
            "history": history,
            "libraries": {"python": platform.python_version(), "torch": torch.__version__, "numpy": np.__version__},
            "dataset": {
                "name": "fashion-mnist",
                "package": data.DATASET_PACKAGE,
                "files": {n: sha256(os.path.join(folder, n)) for split in data.SPLITS.values() for n in split},
            },
            "encoding": {"counts": "floor(box_sum * (max_count + 1) / (256 * k * k))", "max_count": spec.max_count,
                         "box": data.box_factor(spec.height, spec.width), "spikes": "spread (docs/training.md)"},
            "steps": [float(torch.exp(layer.log_alpha)) for layer in network.layers],
            "pytorch_evaluation": evaluation,
            "files": files,
        }
        with open(os.path.join(args.out, "training.json"), "w", encoding="utf-8") as f:
            json.dump(manifest, f, indent=2, sort_keys=True)
            f.write("\n")
        log(f"QNN twin {evaluation['qnn_accuracy']:.4f}, SNN {evaluation['snn_accuracy']:.4f} on {evaluation['images']} test images "
            f"(PyTorch integer evaluation); trained in {seconds:.1f} s")
        return 0
    except (TrainingError, data.DatasetMissing, ValueError, KeyError, OSError) as e:
        print(f"hwgen_train: error: {e}", file=sys.stderr)
        return 2 if not isinstance(e, data.DatasetMissing) else 3
