// Render: the response in the caller's API version, as JSON text.
import type { Ctx } from '../context.ts';
import { renderAtVersion } from '../../versions/render.ts';
import { loaderFor } from '../../work/loader.ts';

export async function renderStage(result: object, ctx: Ctx): Promise<string> {
  return JSON.stringify(await renderAtVersion(result, ctx.apiVersion, loaderFor(ctx)));
}
