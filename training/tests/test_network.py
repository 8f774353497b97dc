"""The twins in PyTorch: integer weights, the QNN and SNN integer inference against hand-computed values, and the
training forward passes computing exactly what the integer inference computes."""
import copy
import unittest

import torch

from hwgen_training.network import Spec, TwinNetwork, floor_ste, round_ste, run_qnn, run_snn
from tests.fixtures import TINY_REQUEST


def one_fc(threshold, weights, timesteps=4, activation_bits=3, leak_shift=0):
    """A network of one fc layer with the given integer weights [outputs, inputs]."""
    request = copy.deepcopy(TINY_REQUEST)
    request["input"] = {"channels": 1, "height": 1, "width": len(weights[0])}
    request["neuron"].update({"threshold": threshold, "timesteps": timesteps, "leak_shift": leak_shift})
    request["twin"]["activation_bits"] = activation_bits
    request["layers"] = [{"name": "fc1", "type": "fc", "outputs": len(weights)}]
    network = TwinNetwork(Spec(request))
    w = torch.tensor(weights, dtype=torch.float64)
    with torch.no_grad():
        network.layers[0].log_alpha.fill_(0.0)
        network.layers[0].weight.copy_(w)
    return network, [w.to(torch.int64)]


class StraightThroughTests(unittest.TestCase):
    def test_round_and_floor_pass_the_gradient(self):
        x = torch.tensor([0.4, 1.6, -2.5], requires_grad=True)
        (round_ste(x).sum() + floor_ste(x).sum()).backward()
        self.assertEqual(round_ste(x).tolist(), [0.0, 2.0, -2.0])
        self.assertEqual(floor_ste(x).tolist(), [0.0, 1.0, -3.0])
        self.assertEqual(x.grad.tolist(), [2.0, 2.0, 2.0])


class IntegerWeightTests(unittest.TestCase):
    def test_weights_are_integers_within_the_weight_bits_and_train(self):
        network = TwinNetwork(Spec(copy.deepcopy(TINY_REQUEST)))
        with torch.no_grad():
            network.layers[0].log_alpha.fill_(-10.0)   # a tiny step: every weight clips
        w = network.layers[0].integer_weight()
        self.assertTrue(torch.equal(w, torch.round(w)))
        self.assertEqual((w.min().item(), w.max().item()), (-128.0, 127.0))
        w.sum().backward()
        self.assertIsNotNone(network.layers[0].weight.grad)


class QnnTests(unittest.TestCase):
    def test_requantisation_floors_and_clamps(self):
        # theta 4: acc = [3*2 + 1*1, -5*2, 20*2] = [7, -10, 40] -> floor(acc/4) clamped to 0..7 = [1, 0, 7].
        network, weights = one_fc(4, [[3, 1], [-5, 0], [20, 0]])
        acc, activations = run_qnn(network, weights, torch.tensor([[[[2.0, 1.0]]]]))
        self.assertEqual(acc.tolist(), [[7.0, -10.0, 40.0]])
        self.assertEqual(activations[0].flatten().tolist(), [1.0, 0.0, 7.0])


class SnnTests(unittest.TestCase):
    def test_integrate_and_fire_with_reset_by_subtraction(self):
        # theta 4, w = 3, one input spike per step: u = 3, 6->2 (spike), 5->1 (spike), 4->0 (spike): 3 spikes, u = 0.
        network, weights = one_fc(4, [[3]])
        spikes = torch.ones(1, 4, 1, 1, 1)
        score, levels = run_snn(network, weights, spikes)
        self.assertEqual(levels[0].flatten().tolist(), [0.0, 1.0, 1.0, 1.0])
        self.assertEqual(score.tolist(), [[12.0]])   # 3 spikes x 4 + residue 0 = the summed drive

    def test_binary_spikes_cap_the_count_at_t(self):
        # theta 4, w = 20: the QNN twin says floor(80 / 4) -> 7, the SNN fires every step: 4 spikes, residue 64.
        network, weights = one_fc(4, [[20]])
        score, levels = run_snn(network, weights, torch.ones(1, 4, 1, 1, 1))
        self.assertEqual(int(levels[0].sum()), 4)
        self.assertEqual(score.tolist(), [[80.0]])
        _, activations = run_qnn(network, weights, torch.tensor([[[[4.0]]]]))
        self.assertEqual(activations[0].item(), 7.0)

    def test_leak_after_the_fire_phase(self):
        # theta 8, w = 6, leak_shift 1: u = 6 -> 6 - 3 = 3; 9 -> fire, 1 -> 1 - 0 = 1; 7 -> 7 - 3 = 4; 10 -> fire, 2 -> 1.
        network, weights = one_fc(8, [[6]], leak_shift=1)
        score, levels = run_snn(network, weights, torch.ones(1, 4, 1, 1, 1))
        self.assertEqual(levels[0].flatten().tolist(), [0.0, 1.0, 0.0, 1.0])
        self.assertEqual(score.tolist(), [[2 * 8 + 1.0]])


class TrainingForwardTests(unittest.TestCase):
    """The differentiable forward passes compute the integer semantics exactly (up to the scale 1/theta)."""

    def setUp(self):
        torch.manual_seed(3)
        self.network = TwinNetwork(Spec(copy.deepcopy(TINY_REQUEST)))
        self.counts = torch.randint(0, 5, (16, 1, 14, 14)).to(torch.float32)
        steps = torch.arange(4).view(1, 4, 1, 1, 1)
        q = self.counts[:, None]
        self.spikes = (torch.div(2 * (steps + 1) * q + 4, 8, rounding_mode="floor") - torch.div(2 * steps * q + 4, 8, rounding_mode="floor"))

    def test_qnn_logits_are_the_accumulators_over_theta(self):
        weights = self.network.integer_weights()
        acc, _ = run_qnn(self.network, weights, self.counts)
        logits = self.network.qnn_logits(self.counts).detach().to(torch.float64)
        torch.testing.assert_close(logits * 64, acc, rtol=0, atol=1e-3)

    def test_snn_logits_are_the_scores_over_theta(self):
        weights = self.network.integer_weights()
        score, _ = run_snn(self.network, weights, self.spikes)
        logits = self.network.snn_logits(self.spikes).detach().to(torch.float64)
        torch.testing.assert_close(logits * 64, score, rtol=0, atol=1e-3)


if __name__ == "__main__":
    unittest.main()
