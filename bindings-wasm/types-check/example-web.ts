// The web build: `await init()` once, then the same API.
import init, { open, type Annotation } from "crosscut/web";

export async function load(url: string): Promise<Annotation[]> {
  await init();
  const response = await fetch(url);
  const artifact = open(new Uint8Array(await response.arrayBuffer()));
  try {
    return artifact.annotate("the rough cut", { lang: "en" });
  } finally {
    artifact.free();
  }
}
