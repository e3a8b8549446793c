"""Engine work in a process of its own (no Qt): the training process and its pipe
protocol (child), the jobs the window and the plots start and watch (worker: TrainingJob,
TaskJob), the checks on a run that stalls (checks) and the sentences a run ends with
(report). Below the views: it imports the engine only, never Qt, the app or the plots."""
