// Tests of Brent's minimizer: known minima inside, at an end and at kinks, the argument tolerance, and the evaluation budget.
import Foundation
import NonlocalOptimization
import NonlocalTestSupport
import Testing

@Suite struct BrentMinimizerTests {
    /// Functions on an interval with their exact minimizer and minimum.
    struct Case: Sendable, CustomStringConvertible {
        let description: String
        let interval: ClosedRange<Double>
        let f: @Sendable (Double) -> Double
        let argument: Double
        let value: Double
    }

    static let cases: [Case] = [
        Case(description: "(x − 0.3)² + 2 on [−1, 2]", interval: -1...2, f: { ($0 - 0.3) * ($0 - 0.3) + 2 }, argument: 0.3, value: 2),
        Case(description: "cos x on [0, 2π]", interval: 0...(2 * .pi), f: { cos($0) }, argument: .pi, value: -1),
        // Flat: x⁴ changes by 10⁻¹⁶ at 10⁻⁴ from its minimum, so only a minimum value of 0 lets the tolerance be met.
        Case(description: "(x − 1/3)⁴ on [−2, 1]", interval: -2...1, f: { pow($0 - 1.0 / 3, 4) }, argument: 1.0 / 3, value: 0),
        // Not smooth: parabolic steps are useless at the kink, the golden sections must carry it.
        Case(description: "|x − 0.7| on [0, 1]", interval: 0...1, f: { abs($0 - 0.7) }, argument: 0.7, value: 0),
        Case(description: "|x + e| + 1 on [−5, 5]", interval: -5...5, f: { abs($0 + exp(1)) + 1 }, argument: -exp(1), value: 1),
    ]

    /// Golden sections alone shrink the bracket by 0.618 per evaluation: log((b − a)/tol)/log(1/0.618)
    /// evaluations. Brent's safeguard takes a golden step whenever parabolic steps stop halving, so
    /// its count stays within twice that (the flat x⁴ comes closest, at 1.5 times).
    static func evaluationBound(width: Double, tolerance: Double) -> Int {
        Int(2 * log(width / tolerance) / log(2 / (5.0.squareRoot() - 1))) + 5
    }

    /// Tolerances above √ε·|x|: closer than that, f(x*) and f(x* ± tol) round to the same double
    /// wherever f(x*) ≠ 0, and no method can tell them apart. Each f is 1-Lipschitz near x*, so
    /// an argument within tol has a value within tol of the minimum.
    @Test(arguments: cases, [1e-3, 1e-6])
    func findsTheKnownMinimumWithinTheTolerance(example: Case, tolerance: Double) {
        let result = BrentMinimizer(tolerance: tolerance, maximumEvaluations: 500).minimize(on: example.interval, example.f)
        #expect(abs(result.argument - example.argument) <= tolerance, "\(example): x = \(result.argument)")
        #expect(result.value == example.f(result.argument), "\(example): the value is not f at the returned argument")
        #expect(result.value >= example.value && result.value - example.value <= tolerance, "\(example): f = \(result.value)")
        #expect(example.interval.contains(result.argument))
        let budget = Self.evaluationBound(width: example.interval.upperBound - example.interval.lowerBound, tolerance: tolerance)
        #expect(result.evaluations <= budget, "\(example): \(result.evaluations) evaluations, bound \(budget)")
    }

    /// A parabola is found by interpolation, in far fewer evaluations than golden sections would need.
    @Test func aParabolaConvergesSuperlinearly() {
        let result = BrentMinimizer(tolerance: 1e-10).minimize(on: -3...4) { 5 * ($0 - 1.25) * ($0 - 1.25) }
        #expect(abs(result.argument - 1.25) <= 1e-10, "x = \(result.argument)")
        #expect(result.evaluations <= 10, "\(result.evaluations) evaluations")
    }

    /// Minima at an end: Brent never evaluates the ends, but must come within the tolerance of one.
    @Test(arguments: [
        ("(x + 2)² on [0, 3]: left end", 0.0),
        ("(x − 5)² on [0, 3]: right end", 3.0),
    ])
    func aMinimumAtAnEndIsApproachedWithinTheTolerance(label: String, end: Double) {
        let centre = end == 0 ? -2.0 : 5.0
        let result = BrentMinimizer(tolerance: 1e-7).minimize(on: 0...3) { ($0 - centre) * ($0 - centre) }
        #expect(abs(result.argument - end) <= 1e-7, "\(label): x = \(result.argument)")
    }

    /// Seeded monotone functions, increasing or decreasing: the minimizer is the lower or upper end.
    @Test func monotoneFunctionsGiveAnEnd() {
        var generator = SplitMix64(seed: 0x6272_656E)
        for _ in 0..<50 {
            let a = 10 * generator.nextUnit() - 5, b = a + 0.01 + 10 * generator.nextUnit()
            let slope = generator.nextUnit() + 0.1, increasing = generator.integer(in: 0...1) == 0
            let f = { (x: Double) in increasing ? slope * x + x * x * x : -slope * x - x * x * x }
            let result = BrentMinimizer(tolerance: 1e-6).minimize(on: a...b, f)
            let end = increasing ? a : b
            #expect(abs(result.argument - end) <= 1e-6, "[\(a), \(b)], increasing \(increasing): x = \(result.argument)")
            #expect(result.evaluations <= Self.evaluationBound(width: b - a, tolerance: 1e-6), "\(result.evaluations) evaluations")
        }
    }

    /// The budget is a hard limit, counted exactly: f is called `evaluations` times and never more.
    @Test(arguments: [1, 2, 5, 17])
    func theEvaluationBudgetIsHonoured(budget: Int) {
        var calls = 0
        let result = BrentMinimizer(tolerance: 1e-300, maximumEvaluations: budget).minimize(on: 0...(2 * .pi)) { x in
            calls += 1
            return cos(x)
        }
        #expect(result.evaluations == budget && calls == budget, "\(result.evaluations) reported, \(calls) made")
    }

    /// An error thrown by f ends the search and reaches the caller.
    @Test func anErrorFromTheFunctionPropagates() {
        struct Stop: Error {}
        var calls = 0
        #expect(throws: Stop.self) {
            try BrentMinimizer().minimize(on: 0...1) { x in
                calls += 1
                if calls == 3 { throw Stop() }
                return x * x
            }
        }
        #expect(calls == 3)
    }
}
