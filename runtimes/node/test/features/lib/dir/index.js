export const name = 'dir-index';
