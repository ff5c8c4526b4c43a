import { heldBlobs } from "../git/checkout-sync.ts";
import type { Store } from "../store/db.ts";
import { readEvents } from "../store/events.ts";

/** A landing that kept the user's edits in the checkout, while those files still differ from what landed. */
export interface CheckoutNote {
  plan: string | null;
  task: string | null;
  files: string[];
  command: string;
}

/**
 * The latest such landing (`checkout_not_updated`), while a kept file still holds what it held
 * then (the user has not merged or changed it): `status` and `diagnose` say how to merge.
 */
export async function checkoutNote(root: string, store: Store): Promise<CheckoutNote | null> {
  const last = readEvents(store, { events: ["checkout_not_updated"], limit: 1 })[0];
  const files = (last?.data.files as string[] | undefined) ?? [];
  const held = (last?.data.held as string[] | undefined) ?? [];
  if (!last || files.length === 0) return null;
  const now = await heldBlobs(root, files);
  const still = files.filter((_, i) => now[i] === held[i]);
  return still.length ? { plan: last.plan, task: last.task, files: still, command: String(last.data.command ?? "") } : null;
}
