// Files dropped on the file tree, folders included: each with its path
// relative to the drop target, read through the browser's entries API.

export interface DroppedFile {
  path: string;
  file: File;
}

/** Folders deeper than this are not walked: a drop is for a project, not a disk. */
const MAX_DEPTH = 16;
const MAX_FILES = 500;

export async function droppedFiles(data: DataTransfer): Promise<DroppedFile[]> {
  const entries = [...data.items]
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.() ?? null);
  if (entries.length === 0 || entries.some((e) => e === null)) {
    // No entries API: plain files only.
    return [...data.files].map((file) => ({ path: file.name, file }));
  }
  const out: DroppedFile[] = [];
  for (const entry of entries) if (entry) await walk(entry, '', out, 0);
  return out;
}

async function walk(entry: FileSystemEntry, prefix: string, out: DroppedFile[], depth: number): Promise<void> {
  if (out.length >= MAX_FILES || depth > MAX_DEPTH) return;
  const path = prefix ? `${prefix}/${entry.name}` : entry.name;
  if (isFile(entry)) {
    const file = await new Promise<File>((resolve, reject) => entry.file(resolve, reject));
    out.push({ path, file });
  } else if (isDirectory(entry)) {
    for (const child of await readAll(entry.createReader())) await walk(child, path, out, depth + 1);
  }
}

/** readEntries answers in batches (about 100 at a time) until it answers empty. */
async function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

function isFile(entry: FileSystemEntry): entry is FileSystemFileEntry {
  return entry.isFile;
}

function isDirectory(entry: FileSystemEntry): entry is FileSystemDirectoryEntry {
  return entry.isDirectory;
}
