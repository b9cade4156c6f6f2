// Stopwatch: wall-clock seconds of a step, for the times workflows report.

/// Seconds elapsed while running `body`, with its result (`ContinuousClock`).
func timed<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> (T, Double) {
    let clock = ContinuousClock()
    let start = clock.now
    let result = try body()
    let duration = clock.now - start
    return (result, Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18)
}
