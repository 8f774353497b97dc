// Compares two network traces event by event and names layer, timestep, neuron, expected and actual on mismatch.
using HwGen.Sim;

namespace HwGen.Tests.Rtl;

public static class RtlComparison
{
    public static IReadOnlyList<string> Mismatches(NetworkTrace expected, NetworkTrace actual, int limit = 10)
    {
        var found = new List<string>();
        for (var l = 0; l < expected.Layers.Count && found.Count < limit; l++)
        {
            var e = expected.Layers[l];
            var a = actual.Layers[l];
            for (var t = 0; t < e.Outputs.Count && found.Count < limit; t++)
            {
                var ee = e.Outputs[t];
                var ae = a.Outputs[t];
                for (var i = 0; i < Math.Max(ee.Count, ae.Count) && found.Count < limit; i++)
                {
                    var x = i < ee.Count ? ee[i].ToString() : "none";
                    var y = i < ae.Count ? ae[i].ToString() : "none";
                    if (x != y)
                    {
                        found.Add($"layer {l}, timestep {t}, output event #{i}: expected {x}, actual {y}");
                    }
                }
            }

            for (var n = 0; n < e.FinalState.Count && found.Count < limit; n++)
            {
                if (e.FinalState[n] != a.FinalState[n])
                {
                    found.Add($"layer {l}, neuron {n}, final state: expected {e.FinalState[n]}, actual {(a.FinalState[n] == long.MinValue ? "never observed" : a.FinalState[n])}");
                }
            }
        }

        return found;
    }
}
