import { toSvg } from 'html-to-image';

/**
 * Characters XML 1.0 cannot carry, not even escaped: C0 controls other than tab, LF and CR, and U+FFFE/U+FFFF.
 * A key name holds any bytes, and the page keeps the raw name in attributes (row ids, chart series names);
 * one such character anywhere in the panel makes the SVG the picture is drawn from unreadable to the browser.
 */
// eslint-disable-next-line no-control-regex -- finding the characters XML refuses is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** The serialised panel with every character XML refuses replaced by U+FFFD; what is on screen shows them as tokens. */
export const xmlSafe = (markup: string): string => markup.replace(NOT_XML, '\uFFFD');

/** Chromium refuses canvases above this many pixels a side; a taller panel is drawn at a lower ratio. */
const CANVAS_LIMIT = 16_384;

const loadImage = (url: string) =>
  new Promise<HTMLImageElement>((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('the browser could not draw the panel as an image'));
    image.src = url;
  });

/**
 * The node as a PNG: html-to-image copies it with its computed styles into an SVG, which is made XML-safe here
 * before the browser draws it onto a canvas.
 */
export async function captureToPng(
  node: HTMLElement,
  { backgroundColor, pixelRatio }: { backgroundColor: string; pixelRatio: number },
): Promise<Blob> {
  const svgUrl = await toSvg(node, { backgroundColor });
  const comma = svgUrl.indexOf(',');
  const markup = xmlSafe(decodeURIComponent(svgUrl.slice(comma + 1)));
  const image = await loadImage(`${svgUrl.slice(0, comma + 1)}${encodeURIComponent(markup)}`);
  const width = image.naturalWidth || node.offsetWidth;
  const height = image.naturalHeight || node.offsetHeight;
  const ratio = Math.min(pixelRatio, CANVAS_LIMIT / Math.max(width, height, 1));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('the browser gave no canvas to draw on');
  context.fillStyle = backgroundColor;
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the browser produced no image'))), 'image/png'),
  );
}
