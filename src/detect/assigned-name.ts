// The name right before a value: `NAME=`, `NAME: "`, `"a.b.NAME": '`, `'NAME' => '`, `NAME = (`.
const ASSIGNED_NAME = /([A-Za-z_][\w.-]*)["']?\s*(?:[:=]|=>)\s*[("'`]?\s*$/;

/** The name assigned the value that follows `tail` (the text before it), or '' when none. */
export function assignedName(tail: string): string {
  return ASSIGNED_NAME.exec(tail)?.[1] ?? '';
}
