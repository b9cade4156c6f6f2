// ReferenceSolves: the f = 1 and exact-pair errors of a reference at h = 2⁻ᵏ, shared by the reference tests.
import Foundation
import NonlocalReferences

/// The reference of `kind` on the unit ball of `dimension` at h = 2^{−exponent}.
func reference(_ kind: FractionalReference.Kind, order s: Double, dimension: Int, exponent: Int) throws -> FractionalReference {
    try FractionalReference(kind: kind, order: s, dimension: dimension, spacing: pow(2, -Double(exponent)))
}

/// ‖u − u₁‖₂/‖u₁‖₂ over the unknowns, u solving A u = 1 and u₁ the analytic f = 1 solution.
func constantForcingError(_ reference: FractionalReference) throws -> Double {
    let u = try reference.solve([Double](repeating: 1, count: reference.unknownCount))
    return FractionalReference.relativeError(u, against: reference.constantForcingSolution())
}

/// Whether `value` agrees with a published or independently computed `oracle` to `relative` precision.
func agrees(_ value: Double, _ oracle: Double, relative: Double) -> Bool {
    abs(value - oracle) <= relative * abs(oracle)
}
