// TrainingGridCheck: one warning line when a learned model is used on a grid spacing other than the one it was learned on.
import NonlocalAssembly
import NonlocalKernels

/// A learned kernel absorbs the quadrature error of the grid it was learned on (DESIGN.md), so
/// using it at another spacing changes what it computes; workflows report that in one line and
/// go on. A fractional kernel under the Galerkin or product rule converges under refinement, so its line says
/// only that its accuracy was measured elsewhere. Models without a recorded training grid (hand-written ones) are not checked.
public enum TrainingGridCheck {
    /// The warning for `model` (read from `modelPath`) used on `grid`, or nil when the spacings
    /// agree (to 1e-9 relative) or the model records no training grid.
    public static func warning(for model: KernelModel, modelPath: String, on grid: GridSpecification) -> String? {
        guard let recorded = model.trainingGrid, let training = try? GridSpecification(parsing: recorded) else { return nil }
        guard abs(training.spacing - grid.spacing) > 1e-9 * training.spacing else { return nil }
        let used = "\(modelPath) was learned on h = \(training.spacing) (\(recorded)) and is used here on h = \(grid.spacing); "
        if let quadrature = model.quadrature, quadrature.integratesSingularity {
            return used + "its \(quadrature.name) rule makes it the same operator on every grid, but its accuracy was measured on the training "
                + "grid only — `nonlocal validate` measures it here"
        }
        return used + "a learned kernel carries its training grid's quadrature error — `nonlocal validate` measures what the change costs"
    }
}
