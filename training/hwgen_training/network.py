"""The network of an HwGen spec in PyTorch: quantization-aware training of the QNN twin and the derived SNN.

Both twins use the same integer weights w = clamp(round(W / alpha), -2^(b_w-1), 2^(b_w-1) - 1) of every layer and the
one integer threshold theta = 2^F of the spec (docs/hardware.md):

- QNN twin, per layer: acc = sum w * a, a_out = clamp(floor(acc / theta), 0, 2^b_a - 1).
- SNN (IF, reset by subtraction, T timesteps): u += sum w * z_in(t); z = clamp(floor(u / theta), 0, L); u -= z * theta;
  with leak_shift k > 0 then u -= floor(u / 2^k).

The floating-point weight W and the per-layer step alpha are what the optimiser changes; the forward pass only ever
sees the integers (straight-through estimators carry the gradient across round and floor, through autograd). The
network's answer is the argmax of the last layer's total drive: the QNN accumulator, and for the SNN its spike count
times theta plus the final membrane (which equals the summed drive without saturation or leak).
"""
import math

import torch
import torch.nn.functional as F


def round_ste(x):
    """round(x) forward, identity backward."""
    return x + (torch.round(x) - x).detach()


def floor_ste(x):
    """floor(x) forward, identity backward."""
    return x + (torch.floor(x) - x).detach()


class Spec:
    """The parts of an HwGen spec the trainer needs, from the training request (docs/training.md)."""

    def __init__(self, request):
        self.name = request["name"]
        inp = request["input"]
        self.channels, self.height, self.width = inp["channels"], inp["height"], inp["width"]
        neuron = request["neuron"]
        self.model = neuron["model"]
        self.timesteps = neuron["timesteps"]
        self.levels = neuron.get("levels", 1)
        self.threshold = neuron["threshold"]
        self.leak_shift = neuron.get("leak_shift", 0)
        self.weight_bits = neuron["weight_bits"]
        self.activation_bits = request["twin"]["activation_bits"]
        self.layers = request["layers"]
        if self.threshold < 1 or self.threshold & (self.threshold - 1):
            raise ValueError(f"threshold {self.threshold} is not a power of two")

    @property
    def max_activation(self):
        return (1 << self.activation_bits) - 1

    @property
    def max_count(self):
        """The largest input count over T timesteps: L * T (never more than the twin can hold)."""
        return min(self.levels * self.timesteps, self.max_activation)

    @property
    def weight_range(self):
        return -(1 << (self.weight_bits - 1)), (1 << (self.weight_bits - 1)) - 1


class QuantLayer(torch.nn.Module):
    """One fc or conv2d layer without bias: float weight W and a learned step alpha (log-parametrised)."""

    def __init__(self, layer, in_shape, spec):
        super().__init__()
        self.kind = layer["type"]
        self.name = layer["name"]
        c, h, w = in_shape
        if self.kind == "conv2d":
            self.stride = layer.get("stride", 1)
            self.padding = layer.get("padding", 0)
            k = layer["kernel"]
            shape = (layer["out_channels"], c, k, k)
            oh = (h + 2 * self.padding - k) // self.stride + 1
            ow = (w + 2 * self.padding - k) // self.stride + 1
            self.out_shape = (layer["out_channels"], oh, ow)
            fan_in = c * k * k
        elif self.kind == "fc":
            shape = (layer["outputs"], c * h * w)
            self.out_shape = (layer["outputs"], 1, 1)
            fan_in = c * h * w
        else:
            raise ValueError(f"layer '{self.name}': type '{self.kind}' is not trainable")
        bound = math.sqrt(6.0 / fan_in)
        self.weight = torch.nn.Parameter(torch.empty(shape).uniform_(-bound, bound))
        lo, hi = spec.weight_range
        self.lo, self.hi = float(lo), float(hi)
        self.log_alpha = torch.nn.Parameter(torch.tensor(math.log(bound / hi)))

    def integer_weight(self):
        """The integer weights the hardware holds (float tensor of integers; gradient by straight-through)."""
        return torch.clamp(round_ste(self.weight / torch.exp(self.log_alpha)), self.lo, self.hi)

    def drive(self, x, weight=None):
        """sum w * x for every output neuron (x integer-valued), shape [N, C_out, H_out, W_out]."""
        weight = self.integer_weight() if weight is None else weight
        if self.kind == "conv2d":
            return F.conv2d(x, weight, stride=self.stride, padding=self.padding)
        out = F.linear(x.flatten(1), weight)
        return out[:, :, None, None]


class TwinNetwork(torch.nn.Module):
    """The spec's layers; forward passes of the QNN twin and of the SNN on integer data."""

    def __init__(self, spec):
        super().__init__()
        self.spec = spec
        shape = (spec.channels, spec.height, spec.width)
        layers = []
        for layer in spec.layers:
            q = QuantLayer(layer, shape, spec)
            layers.append(q)
            shape = q.out_shape
        self.layers = torch.nn.ModuleList(layers)
        self.theta = float(spec.threshold)

    def qnn_logits(self, counts):
        """Training forward of the QNN twin: counts [N, C, H, W] -> last layer's acc / theta."""
        a = counts
        amax = float(self.spec.max_activation)
        for i, layer in enumerate(self.layers):
            z = layer.drive(a) / self.theta
            if i == len(self.layers) - 1:
                return z.flatten(1)
            # clamp first (its gradient is zero outside the range), then floor straight through.
            a = floor_ste(torch.clamp(z, 0.0, amax + 1.0 - 1e-4))

    def snn_logits(self, spikes):
        """
        Training forward of the SNN unrolled over T (spikes [N, T, C, H, W]) -> the last layer's summed drive / theta.
        The fire step z = clamp(floor(u), 0, L) (u in units of theta) passes its gradient where 0 <= u < L + 1.
        The drive of every timestep comes from one call (a layer is linear); only the membrane recurrence is sequential.
        """
        spec = self.spec
        levels = float(spec.levels)
        n, steps = spikes.shape[0], spikes.shape[1]
        z = spikes
        for i, layer in enumerate(self.layers):
            drive = layer.drive(z.flatten(0, 1)) / self.theta
            drive = drive.reshape(n, steps, *drive.shape[1:])
            if i == len(self.layers) - 1:
                return drive.sum(1).flatten(1)
            u = torch.zeros_like(drive[:, 0])
            out = []
            for t in range(steps):
                u = u + drive[:, t]
                fire = floor_ste(torch.clamp(u, 0.0, levels + 1.0 - 1e-4))
                u = u - fire
                if spec.leak_shift > 0:
                    u = u - torch.floor(u * self.theta / (1 << spec.leak_shift)) / self.theta
                out.append(fire)
            z = torch.stack(out, 1)

    @torch.no_grad()
    def integer_weights(self):
        """Every layer's integer weights as int64 tensors (what the .npy files hold)."""
        return [layer.integer_weight().to(torch.int64) for layer in self.layers]


@torch.no_grad()
def run_qnn(network, weights, counts):
    """
    Integer inference of the QNN twin in float64 (exact for these sizes): returns (final accumulators [N, outputs],
    per-layer output activations). Saturation of the accumulator is not modelled (HwGen's golden model does).
    """
    theta = network.spec.threshold
    amax = network.spec.max_activation
    a = counts.to(torch.float64)
    activations = []
    for i, (layer, w) in enumerate(zip(network.layers, weights)):
        acc = layer.drive(a, w.to(torch.float64))
        a = torch.clamp(torch.floor(acc / theta), 0, amax)
        activations.append(a)
        if i == len(network.layers) - 1:
            return acc.flatten(1), activations


@torch.no_grad()
def run_snn(network, weights, spikes):
    """
    Integer inference of the SNN (IF, reset by subtraction, optional leak): returns (scores [N, outputs] = spike count
    times theta plus the final membrane of the last layer, per-layer spike levels [N, T, ...]). No saturation modelled.
    """
    spec = network.spec
    theta = spec.threshold
    z = [spikes[:, t].to(torch.float64) for t in range(spikes.shape[1])]
    levels = []
    for layer, w in zip(network.layers, weights):
        w64 = w.to(torch.float64)
        u = None
        out = []
        count = None
        for z_t in z:
            d = layer.drive(z_t, w64)
            u = d if u is None else u + d
            fire = torch.clamp(torch.floor(u / theta), 0, spec.levels)
            u = u - fire * theta
            if spec.leak_shift > 0:
                u = u - torch.floor(u / (1 << spec.leak_shift))
            out.append(fire)
            count = fire if count is None else count + fire
        levels.append(torch.stack(out, 1))
        z = out
    return (count * theta + u).flatten(1), levels
