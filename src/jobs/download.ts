// Saves bytes as a file on this device (an object URL and a download link: nothing is uploaded).
export function saveFile(bytes: Uint8Array | string, name: string, type: string): void {
  const blob = new Blob([bytes as BlobPart], { type });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once click() returns; revoke after the event loop turns.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
