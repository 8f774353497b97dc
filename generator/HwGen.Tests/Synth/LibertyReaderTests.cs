// The Liberty reader: syntax, units, tables and functions on a small hand-written library, located errors, and the
// real OSU 0.18 µm file read against numbers copied from its text.
using HwGen.Diagnostics;
using HwGen.Synth;
using HwGen.Synth.Liberty;

namespace HwGen.Tests.Synth;

[TestFixture]
public class LibertyReaderTests
{
    private const string Small = """
        /* a two-cell library */
        library (tiny) {
          time_unit : "1ns";
          voltage_unit : "1V";
          leakage_power_unit : "1nW";
          capacitive_load_unit (1,pf);
          nom_voltage : 1.5;
          power_lut_template(e2) {
            variable_1 : total_output_net_capacitance;
            variable_2 : input_transition_time;
            index_1 ("1000, 1001");
            index_2 ("1000, 1001");
          }
          power_lut_template(p1) {
            variable_1 : input_transition_time;
            index_1 ("1000, 1001");
          }
          cell (NAND2) {
            area : 24;
            cell_leakage_power : 0.5;
            pin(A) { direction : input; capacitance : 0.01; }
            pin(B) { direction : input; capacitance : 0.02; }
            pin(Y) {
              direction : output;
              function : "(!(A B))";
              internal_power() {
                related_pin : "A";
                rise_power(e2) {
                  index_1 ("0.0, 0.1");
                  index_2 ("0.1, 0.3");
                  values ( \
                    "1.0, 2.0", \
                    "3.0, 5.0");
                }
                fall_power(e2) {
                  index_1 ("0.0, 0.1");
                  index_2 ("0.1, 0.3");
                  values ("0.5, 0.5", "0.5, 0.5");
                }
              }
            }
          }
          cell (DFF) {
            area : 96;
            ff (IQ, IQN) { next_state : "D"; clocked_on : "CLK"; }
            pin(CLK) {
              direction : input; capacitance : 0.03; clock : true;
              internal_power() {
                rise_power(p1) { index_1 ("0.1, 0.5"); values ("0.2, 0.6"); }
                fall_power(p1) { index_1 ("0.1, 0.5"); values ("0.4, 0.4"); }
              }
            }
            pin(D) { direction : input; capacitance : 0.005; }
            pin(Q) { direction : output; function : "IQ"; }
          }
        }
        """;

    [Test]
    public void ReadsUnitsCellsPinsAndFunctions()
    {
        var lib = LibertyLibrary.FromText(Small, "tiny.lib");
        Assert.That(lib.Name, Is.EqualTo("tiny"));
        Assert.That(lib.NominalVoltage, Is.EqualTo(1.5));
        Assert.That(lib.Cells.Keys, Is.EqualTo(new[] { "DFF", "NAND2" }));
        var nand = lib.Cell("NAND2");
        Assert.That(nand.Area, Is.EqualTo(24));
        Assert.That(nand.LeakagePower, Is.EqualTo(0.5));
        Assert.That(nand.Pin("B").Capacitance, Is.EqualTo(0.02));
        var y = nand.Pin("Y");
        Assert.That(y.Direction, Is.EqualTo(PinDirection.Output));
        Assert.That(y.Function!.Evaluate(p => p == "A"), Is.True);
        Assert.That(y.Function.Evaluate(_ => true), Is.False);
        var dff = lib.Cell("DFF");
        Assert.That(dff.Storage, Is.Not.Null);
        Assert.That(dff.Storage!.State, Is.EqualTo("IQ"));
        Assert.That(dff.Pin("CLK").IsClock, Is.True);
    }

    [Test]
    public void TablesInterpolateBilinearlyAndExtrapolateLinearly()
    {
        var rise = LibertyLibrary.FromText(Small, "tiny.lib").Cell("NAND2").Pin("Y").InternalEnergies[0].Rise!;
        // Grid points are exact; the rows are loads (variable_1), the columns transitions (variable_2).
        Assert.That(rise.At(load: 0.0, transition: 0.1), Is.EqualTo(1.0));
        Assert.That(rise.At(load: 0.1, transition: 0.3), Is.EqualTo(5.0));
        // Midpoint: (1 + 2 + 3 + 5) / 4.
        Assert.That(rise.At(load: 0.05, transition: 0.2), Is.EqualTo(2.75).Within(1e-12));
        // Beyond the last load at transition 0.1: 1 + (3 - 1) * 0.2 / 0.1 = 5.
        Assert.That(rise.At(load: 0.2, transition: 0.1), Is.EqualTo(5.0).Within(1e-12));
        var clock = LibertyLibrary.FromText(Small, "tiny.lib").Cell("DFF").Pin("CLK").InternalEnergies[0].Rise!;
        Assert.That(clock.At(load: 123, transition: 0.3), Is.EqualTo(0.4).Within(1e-12));
    }

    [TestCase("(!((A B)+C))", false, true, true, false)]
    [TestCase("(!((A+B) C))", true, false, false, true)]
    [TestCase("(A^B)", true, false, true, true)]
    [TestCase("(!((S A) + (!S B)))", true, false, true, false)]
    [TestCase("(!((S A) + (!S B)))", true, false, false, true)]
    [TestCase("A'", true, true, true, false)]
    public void FunctionsFollowLibertyPrecedence(string function, bool a, bool b, bool c, bool expected)
    {
        // S is read as C for the multiplexer case; (S A) + (!S B) with S = 1 picks A.
        var values = new Dictionary<string, bool> { ["A"] = a, ["B"] = b, ["C"] = c, ["S"] = c };
        Assert.That(LibertyFunction.Parse(function).Evaluate(p => values[p]), Is.EqualTo(expected));
    }

    [Test]
    public void ErrorsAreLocatedAndCoded()
    {
        var broken = "library (x) {\n  time_unit : \"1ns\";\n  cell (A) {\n    area : 3\n";
        var ex = Assert.Throws<DiagnosticException>(() => LibertyLibrary.FromText(broken, "x.lib"))!;
        Assert.That(ex.Diagnostics.Single().ToString(), Is.EqualTo("x.lib:3:3: error HW1101: Liberty syntax error: group 'cell' is not closed with '}'"));

        var badNumber = Small.Replace("area : 24;", "area : twelve;");
        var ex2 = Assert.Throws<DiagnosticException>(() => LibertyLibrary.FromText(badNumber, "tiny.lib"))!;
        var d = ex2.Diagnostics.Single();
        Assert.That(d.Code, Is.EqualTo("HW1102"));
        Assert.That(d.Message, Is.EqualTo("Liberty file: 'area' holds 'twelve', which is not a number"));
        Assert.That(d.Span.Line, Is.EqualTo(19));
    }

    [Test]
    [Category("Synth")]
    public void ReadsTheOsu018LibraryAsItsTextStates()
    {
        var lib = TechLibrary.Osu018Liberty;
        Assert.That(lib.Name, Is.EqualTo("osu018_stdcells"));
        Assert.That(lib.Cells, Has.Count.EqualTo(32));
        Assert.That(lib.NominalVoltage, Is.EqualTo(1.8));
        var and2 = lib.Cell("AND2X1");
        // cell (AND2X1) { area : 32; cell_leakage_power : 0.0746794; pin(A) { capacitance : 0.0129077; ...
        Assert.That(and2.Area, Is.EqualTo(32));
        Assert.That(and2.LeakagePower, Is.EqualTo(0.0746794));
        Assert.That(and2.Pin("A").Capacitance, Is.EqualTo(0.0129077));
        var power = and2.Pin("Y").InternalEnergies.Single(e => e.RelatedPin == "A");
        // rise_power row 2 (load 0.0125 pF), column 1 (0.06 ns): 0.013339; row 2 column 2 (0.18 ns): 0.017698.
        Assert.That(power.Rise!.At(0.0125, 0.06), Is.EqualTo(0.013339).Within(1e-15));
        Assert.That(power.Rise.At(0.0125, 0.12), Is.EqualTo((0.013339 + 0.017698) / 2).Within(1e-15));
        Assert.That(and2.Pin("Y").Transitions.Select(t => t.RelatedPin), Is.EqualTo(new[] { "A", "B" }));
        var dff = lib.Cell("DFFPOSX1");
        Assert.That(dff.Storage!.Next, Is.EqualTo(new PinFunction("D")));
        Assert.That(dff.Pin("CLK").InternalEnergies.Single().Fall!.At(0, 0.06), Is.EqualTo(0.11034).Within(1e-15));
        Assert.That(lib.FastestCharacterisedTransition, Is.EqualTo(0.06));
        Assert.That(lib.Cell("FAX1").Pin("YC").Function!.Evaluate(p => p != "C"), Is.True);
    }
}
