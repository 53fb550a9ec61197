import { useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import type { KeyRecord } from '../../../../contract/hotkey-task';
import { downloadFile, type ExportContext, exportFileName, keysToCsv, keysToJson } from '../export-keys';

/** When a picture was taken and of which view: printed at its foot, since a PNG has no address bar. */
export interface CaptureStamp {
  at: Date;
  link: string;
}

export function ResultToolbar({
  panelRef,
  keys,
  context,
  onCapture,
}: {
  panelRef: RefObject<HTMLElement | null>;
  keys: readonly KeyRecord[];
  context: Omit<ExportContext, 'link' | 'exportedAt'>;
  onCapture: (stamp: CaptureStamp) => void;
}) {
  const [message, setMessage] = useState('');
  const now = () => ({ ...context, link: window.location.href, exportedAt: new Date() });

  const copyLink = async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      setMessage('Link copied');
    } catch {
      // Clipboard access needs a secure context or permission; the address bar holds the same link.
      setMessage('Copy the address bar: it holds this exact view');
    }
  };

  const downloadPng = async () => {
    const panel = panelRef.current;
    if (!panel) return;
    setMessage('Rendering PNG…');
    try {
      const { captureToPng } = await import('../../../lib/capture-png');
      const dark = document.documentElement.classList.contains('dark');
      // The stamp is rendered before the picture is taken, so the picture says when and of what it was taken.
      flushSync(() => onCapture({ at: new Date(), link: window.location.href }));
      // Controls (marked data-not-in-png) are not part of the picture; the header says what they set. They are
      // taken out of the layout while the picture is taken: the copy keeps each box's measured size, so merely
      // leaving them out of it would leave their space blank.
      panel.dataset.pngCapture = '';
      let blob: Blob;
      try {
        blob = await captureToPng(panel, { backgroundColor: dark ? '#0f172a' : '#ffffff', pixelRatio: 2 });
      } finally {
        delete panel.dataset.pngCapture;
      }
      downloadFile(exportFileName(context, 'png'), blob, 'image/png');
      setMessage('PNG downloaded');
    } catch (error) {
      // A failed image load rejects with an Event, whose text says nothing to the user.
      setMessage(`PNG failed: ${error instanceof Error ? error.message : 'the browser could not draw the panel'}`);
    }
  };

  return (
    <div className="flex max-w-md flex-wrap items-center gap-2 sm:justify-end" data-not-in-png="">
      <button className="btn" onClick={copyLink}>
        Copy link
      </button>
      <button className="btn" onClick={downloadPng}>
        Download PNG
      </button>
      <button className="btn" onClick={() => downloadFile(exportFileName(context, 'csv'), keysToCsv(keys), 'text/csv')}>
        Export CSV
      </button>
      <button
        className="btn"
        onClick={() => downloadFile(exportFileName(context, 'json'), keysToJson(keys, now()), 'application/json')}
      >
        Export JSON
      </button>
      <span role="status" className="w-full text-sm text-slate-600 sm:text-right dark:text-slate-400">
        {message}
      </span>
    </div>
  );
}
