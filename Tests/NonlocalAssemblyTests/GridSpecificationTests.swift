// Tests of the grid text form: seeded round trips of every kind, and one error of its own per malformed fixture.
import Foundation
import NonlocalAssembly
import NonlocalTestSupport
import Testing

/// The repository's grid fixtures, found from this source file.
let gridFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("fixtures/grids")

@Suite struct GridSpecificationTests {
    /// Doubles whose shortest decimal form is long or unusual: no short format prints all of them back.
    static let awkward: [Double] = [
        0.1, 1e-3, 1.0 / 3, 2.0 / 3, 0.1 + 0.2, 1e-7, .leastNonzeroMagnitude, 123.456, 0.5, 2, 1e15, 1e16, 3e20, .pi, 1 - 0x1p-53,
    ]

    /// An awkward or random double of random sign (or positive) and magnitude 1e-8…1e8.
    static func draw(_ generator: inout SplitMix64, positive: Bool = false) -> Double {
        let magnitude = generator.integer(in: 0...1) == 0
            ? awkward[generator.integer(in: 0...(awkward.count - 1))]
            : generator.nextUnit() * pow(10, Double(generator.integer(in: -8...8)))
        return positive || generator.integer(in: 0...1) == 0 ? magnitude : -magnitude
    }

    /// A random specification of `kind` (0 periodic, 1 interval, 2 square, 3 disk), a < b, every number positive where it must be.
    static func specification(kind: Int, _ generator: inout SplitMix64) -> GridSpecification {
        func positive() -> Double { var x = 0.0; while x == 0 { x = draw(&generator, positive: true) }; return x }
        switch kind {
        case 0:
            return .periodic(dimension: generator.integer(in: 1...2), points: generator.integer(in: 1...100_000), length: positive())
        case 1, 2:
            let a = draw(&generator)
            var b = a
            while b <= a { b = a + positive() }
            return kind == 1
                ? .interval(lower: a, upper: b, spacing: positive(), horizon: positive())
                : .square(lower: a, upper: b, spacing: positive(), horizon: positive())
        default:
            return .disk(radius: positive(), spacing: positive(), horizon: positive())
        }
    }

    @Test(arguments: 0..<4)
    func everySpecificationReadsBackFromItsText(kind: Int) throws {
        var generator = SplitMix64(seed: 0x6772_6964 + UInt64(kind))
        for _ in 0..<2_000 {
            let specification = Self.specification(kind: kind, &generator)
            let text = specification.description
            let read = try GridSpecification(parsing: text)
            #expect(read == specification, "\(text) read back as \(read)")
            #expect(read.description == text, "the text form is not canonical: \(text) → \(read.description)")
        }
    }

    @Test func theDocumentedFormsMeanWhatTheySay() throws {
        let interval = try GridSpecification(parsing: "interval:a=-1,b=1,h=0.01,delta=0.25")
        #expect(interval == .interval(lower: -1, upper: 1, spacing: 0.01, horizon: 0.25))
        #expect(try GridSpecification(parsing: "square:a=0,b=1,h=0.05,delta=0.2") == .square(lower: 0, upper: 1, spacing: 0.05, horizon: 0.2))
        #expect(try GridSpecification(parsing: "disk:r=1,h=0.05,delta=0.2") == .disk(radius: 1, spacing: 0.05, horizon: 0.2))
        // d defaults to 1 and length to 1; keys may come in any order and with spaces around values.
        #expect(try GridSpecification(parsing: "periodic:n=100") == .periodic(dimension: 1, points: 100, length: 1))
        #expect(try GridSpecification(parsing: "periodic:length= 2.5 ,n=8,d=2") == .periodic(dimension: 2, points: 8, length: 2.5))
    }

    /// Each file in `fixtures/grids/invalid/` holds two lines: the grid text (line 1, possibly
    /// empty) and a fragment of the one error its parse or ``GridSpecification/makeGrid()`` must
    /// throw (line 2). The fragment must appear in that file's error and in no other file's, so
    /// every fixture exercises a check of its own.
    @Test func everyMalformedFixtureIsRejectedWithItsOwnError() throws {
        let folder = gridFixtures.appendingPathComponent("invalid")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".txt") }.sorted()
        #expect(files.count >= 20)
        var errors: [(file: String, fragment: String, description: String)] = []
        for file in files {
            let lines = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard lines.count == 3, lines[2].isEmpty, !lines[1].isEmpty else {
                Issue.record("\(file): expected two lines, the grid text and the error fragment")
                continue
            }
            do {
                let grid = try GridSpecification(parsing: lines[0]).makeGrid()
                Issue.record("\(file): '\(lines[0])' was accepted (\(grid.interiorCount) unknowns)")
            } catch {
                #expect(error.description.contains(lines[1]), "\(file): \(error.description)")
                #expect(!error.description.contains("\n"), "\(file): \(error.description)")
                errors.append((file, lines[1], error.description))
            }
        }
        for error in errors {
            for other in errors where other.file != error.file {
                #expect(
                    !other.description.contains(error.fragment), "\(other.file) is rejected with \(error.file)'s error: \(other.description)")
            }
        }
    }

    /// A spacing that does not divide the interval is refused with the whole-cell spacing nearest to it.
    @Test func aSpacingThatDoesNotDivideTheIntervalNamesTheNearestOne() throws {
        for (h, suggestion) in [(0.003, "2/667 = 0.0029985"), (1.5, "2/2 = 1")] {
            do {
                _ = try Grid.interval(from: -1, to: 1, spacing: h, horizon: h)
                Issue.record("h = \(h) was accepted")
            } catch {
                #expect(error.description.contains(suggestion), "\(error.description)")
            }
        }
    }
}
