/** Called by a command's action with its exit code (commander's action handlers return nothing useful). */
export type Finish = (exitCode: number) => void;
